/** Screen-only bar with the print button (hidden on paper). */
export function PrintBar({ label }: { label: string }) {
  return (
    <div className="print-bar no-print">
      <button type="button" className="btn btn-primary" onClick={() => window.print()}>
        {label}
      </button>
      <span className="muted small">
        Printing uses the page size of this document; choose “Save as PDF” for a file.
      </span>
    </div>
  );
}
