import { roles } from '../../../../server/contract/access'

/** The role choices of every role picker (users, tokens, access requests), in the contract's order. */
export function RoleOptions() {
  return (
    <>
      {roles.map((role) => (
        <option key={role}>{role}</option>
      ))}
    </>
  )
}
