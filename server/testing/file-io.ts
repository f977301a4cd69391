/** The offline CLI commands' io (SimIo) over files held in memory: what they print is kept in `lines`. */
export function fileIo(files: Record<string, string>) {
  const lines: string[] = []
  return {
    lines,
    stdout: (line: string) => lines.push(line),
    stderr: () => undefined,
    readFile: (path: string) =>
      path in files
        ? Promise.resolve(files[path] as string)
        : Promise.reject(Object.assign(new Error(), { code: 'ENOENT' })),
    writeFile: () => Promise.resolve(),
  }
}
