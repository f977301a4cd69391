import { createInterface } from 'node:readline'

/**
 * A secret the operator gives: the first line of stdin when it is piped (scripts: `echo pw | ...`),
 * else typed at a prompt on stderr without echo. Never a command-line argument, which `ps` shows.
 */
export async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) {
    let text = ''
    for await (const chunk of stdin) text += String(chunk)
    return text.split(/\r?\n/)[0] ?? ''
  }
  process.stderr.write(prompt)
  const lines = createInterface({ input: stdin, terminal: true })
  // readline echoes what it reads through its output; with none it echoes nothing.
  const answer = await new Promise<string>((resolve) => lines.once('line', resolve))
  lines.close()
  process.stderr.write('\n')
  return answer
}
