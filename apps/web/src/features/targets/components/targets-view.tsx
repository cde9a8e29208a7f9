import type { ClassificationProfile, TargetProgressDto, UserDto } from '@equity/shared';
import { useQueries } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { canManageTargets } from '../../../lib/api/get-me';
import { getProfileQueryOptions } from '../../../lib/api/get-profile';
import { useTargets } from '../../../lib/api/get-targets';
import { useZones } from '../../../lib/api/get-zones';
import { label, t } from '../../../lib/i18n';
import { metricName } from '../../../lib/target-text';
import { emptyForm, formFromTarget, type TargetForm } from '../utils/form-model';
import { targetRows } from '../utils/target-rows';
import { DeleteTargetDialog } from './delete-target-dialog';
import { TargetFormPanel } from './target-form';
import { TargetsTable } from './targets-table';

type Editing = { target: TargetProgressDto | null; initial: TargetForm; key: number };

/** The targets page: every target the user may see; administrators and management also create, edit and delete. */
export function TargetsView({ user }: { user: UserDto }) {
  const canManage = canManageTargets(user);
  const targets = useTargets();
  const zones = useZones();
  const profileCodes = [...new Set((zones.data ?? []).map((z) => z.profile))];
  const profiles = useQueries({ queries: profileCodes.map((code) => getProfileQueryOptions(code)) });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<TargetProgressDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  // After a save or a delete the form or dialog is gone: focus goes to the message saying what happened.
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const profileMap = new Map<string, ClassificationProfile>();
  for (const q of profiles) if (q.data) profileMap.set(q.data.code, q.data);
  const rows = targets.data && zones.data ? targetRows(targets.data, zones.data, profileMap) : null;
  const zoneName = (code: string) => {
    const zone = zones.data?.find((z) => z.code === code);
    return zone ? label(zone.names) || zone.name : code;
  };
  const describe = (target: TargetProgressDto) => t('targets.rowName', { zone: zoneName(target.zone), group: label(target.group.label), metric: metricName(target.metric) });

  const startNew = () => {
    setNotice(null);
    setEditing({ target: null, initial: emptyForm(zones.data?.[0]?.code ?? ''), key: Date.now() });
  };

  let content: ReactNode;
  if (targets.isError) content = <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />;
  else if (zones.isError) content = <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />;
  else if (!rows) content = <Loading text={t('targets.loading')} />;
  else if (rows.length === 0) content = <EmptyState>{canManage ? t('targets.emptyManage') : t('targets.empty')}</EmptyState>;
  else
    content = (
      <TargetsTable
        rows={rows}
        canManage={canManage}
        onEdit={(target) => {
          setNotice(null);
          setEditing({ target, initial: formFromTarget(target), key: Date.now() });
        }}
        onDelete={(target) => {
          setNotice(null);
          setDeleting(target);
        }}
      />
    );

  return (
    <div className="page">
      <header className="page__header page__header--actions">
        <div>
          <h1>{t('targets.title')}</h1>
          <p className="page__intro">{t('targets.intro')}</p>
        </div>
        {canManage && !editing && zones.data && zones.data.length > 0 && (
          <button type="button" className="button button--primary" onClick={startNew}>
            {t('targets.new')}
          </button>
        )}
      </header>
      {notice && (
        <div ref={noticeRef} tabIndex={-1} className="notice">
          <Alert tone="success">{notice}</Alert>
        </div>
      )}
      {canManage && editing && zones.data && (
        <TargetFormPanel
          key={editing.key}
          zones={zones.data}
          initial={editing.initial}
          target={editing.target}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(t(editing.target ? 'targets.updated' : 'targets.created', { name: describe(saved) }));
          }}
        />
      )}
      {content}
      <p className="legend small">{t('targets.legend')}</p>
      {deleting && (
        <DeleteTargetDialog
          target={deleting}
          zoneName={zoneName(deleting.zone)}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setNotice(t('targets.deleted', { name: describe(deleting) }));
            setDeleting(null);
          }}
        />
      )}
    </div>
  );
}
