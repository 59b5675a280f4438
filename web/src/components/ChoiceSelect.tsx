/** A <select> over a fixed list of values with their labels: the value chosen is always one of them. */
export function ChoiceSelect<T extends string>({ options, labels, value, onChange, describedBy }: { options: readonly T[]; labels: Record<T, string>; value: T; onChange: (next: T) => void; describedBy?: string }) {
  return (
    <select value={value} aria-describedby={describedBy} onChange={(e) => {
      const next = options.find((o) => o === (e.currentTarget as HTMLSelectElement).value);
      if (next !== undefined) onChange(next);
    }}>
      {options.map((o) => (
        <option key={o} value={o}>
          {labels[o]}
        </option>
      ))}
    </select>
  );
}
