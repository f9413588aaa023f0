/** Engine warning codes as a list in words (icon + text, never colour alone); renders nothing when empty. */
export function CodeWarnings({
  codes,
  describe,
}: {
  codes: readonly string[] | undefined;
  describe: (code: string) => string;
}) {
  if (!codes?.length) return null;
  return (
    <ul>
      {codes.map((code) => (
        <li key={code}>
          <span aria-hidden="true">⚠ </span>
          {describe(code)}
        </li>
      ))}
    </ul>
  );
}
