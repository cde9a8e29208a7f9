import type { TargetProgressDto } from '@equity/shared';
import { useEffect, useId, useRef } from 'react';
import { Alert } from '../../../components/ui/alert';
import { label, t } from '../../../lib/i18n';
import { metricName, targetValueText } from '../../../lib/target-text';
import { useDeleteTarget } from '../api/save-target';

/**
 * Asks before deleting a target, in a modal dialog (Escape or Cancel closes it, focus stays
 * inside while it is open and returns to where it was afterwards).
 */
export function DeleteTargetDialog({
  target,
  zoneName,
  onClose,
  onDeleted,
}: {
  target: TargetProgressDto;
  zoneName: string;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const titleId = useId();
  const textId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const remove = useDeleteTarget();

  // Opened as a modal once mounted; unmounting removes it (closing it here would report a close to the caller).
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} aria-describedby={textId} onClose={onClose}>
      <h2 id={titleId}>{t('targets.delete.title')}</h2>
      <p id={textId}>
        {t('targets.delete.body', {
          metric: metricName(target.metric),
          group: label(target.group.label),
          zone: zoneName,
          value: targetValueText(target),
          deadline: target.deadlinePeriod,
        })}
      </p>
      {remove.isError && <Alert tone="error" title={t('targets.delete.failed')}>{remove.error.message}</Alert>}
      <div className="actions">
        <button
          type="button"
          className="button button--danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(target.id, { onSuccess: onDeleted })}
        >
          {remove.isPending ? t('targets.delete.deleting') : t('targets.delete.confirm')}
        </button>
        <button type="button" className="button button--ghost" autoFocus onClick={() => ref.current?.close()}>
          {t('entry.cancel')}
        </button>
      </div>
    </dialog>
  );
}
