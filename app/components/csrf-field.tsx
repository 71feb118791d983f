import { useRootData } from "~/utils/root-data";

/** The hidden CSRF token every state-changing form carries. */
export function CsrfField() {
  const { csrf } = useRootData();
  return <input type="hidden" name="csrf" value={csrf} />;
}
