import { z } from 'zod'

// zod 4 probes for `new Function` to compile fast parsers; under the station's CSP (no 'unsafe-eval')
// that probe is reported as a violation. jitless parsing never evaluates code.
z.config({ jitless: true })
