import { definitions, type Definition } from './definitions'

/** A figure's name with its definition on hover (and read out as the element's description). */
export function Term({ name, children }: { name: Definition; children: string }) {
  return (
    <abbr title={definitions[name]} className="term">
      {children}
    </abbr>
  )
}
