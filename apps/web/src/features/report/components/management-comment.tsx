import { useId, useState } from 'react';
import { t } from '../../../lib/i18n';
import { readComment, writeComment } from '../utils/comment-storage';

/**
 * A free comment by management for the report. On screen a text area (kept in this browser per
 * zone and quarter, as the page says); in print its text as typed, or empty lines to write on.
 */
export function ManagementComment({ zone, period }: { zone: string; period: string }) {
  const id = useId();
  const [text, setText] = useState(() => readComment(zone, period));
  const [stored, setStored] = useState(true);

  return (
    <>
      <div className="field screen-only">
        <label htmlFor={id}>{t('report.comment.label', { period })}</label>
        <p className="help" id={`${id}-help`}>
          {t('report.comment.help')}
        </p>
        <textarea
          id={id}
          rows={6}
          value={text}
          aria-describedby={`${id}-help ${id}-state`}
          onChange={(event) => {
            setText(event.target.value);
            setStored(writeComment(zone, period, event.target.value));
          }}
        />
        <p className="small muted" id={`${id}-state`} aria-live="polite">
          {stored ? (text.trim() === '' ? t('report.comment.empty') : t('report.comment.saved')) : t('report.comment.notStored')}
        </p>
      </div>
      <div className={text.trim() === '' ? 'qreport__comment qreport__comment--blank print-only' : 'qreport__comment print-only'}>{text}</div>
    </>
  );
}
