import { useId } from 'react';

/** A labelled drop-down of codes with their labels (quarter, group, figure pickers). */
export function SelectField({ label, value, options, onChange }: { label: string; value: string; options: { code: string; label: string }[]; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
