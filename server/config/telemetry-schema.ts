import { z } from 'zod'

/** Recording and stream settings (config key `telemetry`). */
export const telemetryConfigSchema = z
  .object({
    /** Days raw frames are kept; older minutes stay as min/mean/max rollups. 0 keeps raw data forever. */
    retentionDays: z.number().min(0).max(36_500).default(30),
    /** Commit period of the recorder: the most telemetry a crash can lose (the design allows 1 s). */
    batchMs: z.number().int().min(50).max(1000).default(500),
    /** CSV exports one caller (session or token) may run at once; more are refused with 429. */
    maxExportsPerCaller: z.number().int().min(1).max(100).default(2),
    /** CSV exports the station runs at once, all callers together. */
    maxExports: z.number().int().min(1).max(1000).default(4),
    stream: z
      .object({
        maxConnectionsPerIp: z.number().int().min(1).max(100_000).default(256),
        maxConnectionsPerToken: z.number().int().min(1).max(100_000).default(256),
        /** Per-client queue bound before frames are conflated to the newest. */
        maxQueueKb: z.number().int().min(16).max(65_536).default(512),
        /** A client dropping frames this long is disconnected. */
        slowGraceSeconds: z.number().min(1).max(3600).default(10),
        /** Ping interval; a client that answers no ping within one interval is let go. */
        heartbeatSeconds: z.number().min(1).max(600).default(30),
        /** Frames kept for resume (at 10 Hz, 600 is one minute). */
        resumeFrames: z.number().int().min(0).max(100_000).default(600),
      })
      .strict()
      .prefault({}),
  })
  .strict()

export type TelemetryConfig = z.infer<typeof telemetryConfigSchema>
