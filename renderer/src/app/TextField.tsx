import type { InputHTMLAttributes } from 'react'

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  label: string
  value: string
  onChange(value: string): void
}

/** A labelled input (the label wraps it, so `getByLabel` and screen readers find it); passwords never autocomplete. */
export function TextField({ label, value, onChange, type = 'text', ...input }: Props) {
  return (
    <label>
      {label}
      <input
        type={type}
        autoComplete={type === 'password' ? 'off' : undefined}
        {...input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  )
}
