import { useRootData } from "~/utils/root-data";

/**
 * The hidden CSRF token every state-changing form carries. An upload form puts it first: the server checks
 * it as the body's first part, before it takes any file (decision 019).
 */
export function CsrfField() {
  const { csrf } = useRootData();
  return <input type="hidden" name="csrf" value={csrf} />;
}
