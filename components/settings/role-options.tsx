import { ROLES } from "@/lib/auth/roles";

/** The roles to choose from in a select, least to most allowed. */
export function RoleOptions() {
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {r}
    </option>
  ));
}
