import type { ClassificationProfile, DimensionDef, Label, Locale } from '@equity/shared';
import type { ReactNode } from 'react';
import { BackLinkPage } from '../../../components/back-link-page';
import { PageSection } from '../../../components/page-section';
import { Alert } from '../../../components/ui/alert';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { isApiError } from '../../../lib/api-client';
import { useProfile } from '../../../lib/api/get-profile';
import { formatNumber } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { downloadProfile, useProfiles } from '../api/profiles';
import { labelIn, promotedInto } from '../utils/profile-view';

/**
 * One classification profile as the dashboard uses it: its staff categories (group, promotion
 * ladder), its classifications with their values and roll-ups, each label in the three languages,
 * how many zones use it and its version; downloaded as JSON to start a new version from.
 */
export function ProfileDetailView({ code }: { code: string }) {
  const profile = useProfile(code);
  const profiles = useProfiles();
  const summary = profiles.data?.find((p) => p.code === code);
  const zones = summary?.zones;

  let content: ReactNode;
  if (profile.isError) {
    content =
      isApiError(profile.error) && profile.error.status === 404 ? (
        <Alert tone="error">{t('profiles.detail.notFound', { code })}</Alert>
      ) : (
        <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
      );
  } else if (!profile.data || profiles.isPending) content = <Loading />;
  else {
    const p = profile.data;
    content = (
      <>
        <dl className="summary-list panel">
          <div>
            <dt>{t('profiles.col.code')}</dt>
            <dd>{p.code}</dd>
          </div>
          {LANGUAGES.map((lang) => (
            <div key={lang}>
              <dt>{t(NAME_IN[lang])}</dt>
              <dd>
                <LabelText value={p.name} locale={lang} />
              </dd>
            </div>
          ))}
          <div>
            <dt>{t('profiles.col.zones')}</dt>
            <dd>{zones === undefined ? t('profiles.detail.zonesUnknown') : formatNumber(zones)}</dd>
          </div>
          {summary && (
            <div>
              <dt>{t('profiles.detail.version')}</dt>
              <dd>
                {formatNumber(summary.version)} ({t(`profiles.origin.${summary.origin}`)})
              </dd>
            </div>
          )}
        </dl>
        <p className="actions">
          <button type="button" className="button button--secondary" onClick={() => void downloadProfile(p.code)}>
            {t('profiles.download')}
          </button>{' '}
          <span className="help">{t('profiles.downloadHint')}</span>
        </p>
        <CategoriesSection profile={p} />
        {p.dimensions.map((d) => (
          <DimensionSection key={d.code} dimension={d} />
        ))}
      </>
    );
  }

  return (
    <BackLinkPage
      back="/admin/profiles"
      backText={t('profiles.back')}
      title={profile.data ? t('profiles.detail.title', { code, name: label(profile.data.name) }) : t('profiles.detail.titleCode', { code })}
      intro={t('profiles.detail.intro')}
      className="page"
    >
      {content}
    </BackLinkPage>
  );
}

/** The profile's labels are shown in the three languages, in this order. */
const LANGUAGES = ['nl', 'fr', 'en'] as const;
const NAME_IN = { nl: 'profiles.detail.nameNl', fr: 'profiles.detail.nameFr', en: 'profiles.detail.nameEn' } as const;
const LABEL_IN = { nl: 'profiles.col.labelNl', fr: 'profiles.col.labelFr', en: 'profiles.col.labelEn' } as const;

/** A label in one language; a missing one is said, not replaced by the English. */
function LabelText({ value, locale }: { value: Label; locale: Locale }) {
  const text = labelIn(value, locale);
  return text === null ? <span className="muted">{t('profiles.noLabel')}</span> : <span lang={locale}>{text}</span>;
}

/** One row of a table of the profile: a code, its label in the three languages, then other cells. */
interface CodeRow {
  code: string;
  label: Label;
  cells: ReactNode[];
}

/**
 * A table of codes (categories, values, roll-ups): the code heads each row, then its label in each
 * language, then the columns named in `columns`.
 */
function CodeTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: CodeRow[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('profiles.col.code')}</th>
            {LANGUAGES.map((lang) => (
              <th key={lang} scope="col">
                {t(LABEL_IN[lang])}
              </th>
            ))}
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code}>
              <th scope="row" className="cell--label">
                <code>{row.code}</code>
              </th>
              {LANGUAGES.map((lang) => (
                <td key={lang}>
                  <LabelText value={row.label} locale={lang} />
                </td>
              ))}
              {row.cells.map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const listOrNone = (items: string[]): ReactNode => (items.length ? items.join(', ') : <span className="muted">{t('profiles.none.category')}</span>);

function CategoriesSection({ profile }: { profile: ClassificationProfile }) {
  const groupLabel = (code: string) => {
    const group = profile.categoryGroups.find((g) => g.code === code);
    return group ? label(group.label) : code;
  };
  return (
    <PageSection title={t('profiles.categories.title')}>
      <CodeTable
        caption={t('profiles.categories.caption')}
        columns={[t('profiles.col.group'), t('profiles.col.feeders'), t('profiles.col.promotedInto')]}
        rows={profile.categories.map((c) => ({
          code: c.code,
          label: c.label,
          cells: [
            groupLabel(c.group),
            listOrNone(c.feeders.map((f) => label(profile.categories.find((x) => x.code === f)?.label ?? { en: f }))),
            listOrNone(promotedInto(profile, c).map((x) => label(x.label))),
          ],
        }))}
      />
    </PageSection>
  );
}

function DimensionSection({ dimension: d }: { dimension: DimensionDef }) {
  const valueLabel = (code: string) => label(d.values.find((v) => v.code === code)?.label ?? { en: code });
  const rollups = d.rollups ?? [];
  return (
    <PageSection title={t('profiles.dimension.title', { name: label(d.label) })}>
      <dl className="summary-list">
        <div>
          <dt>{t('profiles.col.code')}</dt>
          <dd>
            <code>{d.code}</code>
          </dd>
        </div>
        <div>
          <dt>{t('profiles.dimension.inReturn')}</dt>
          <dd>{d.optional ? t('profiles.dimension.optional') : t('profiles.dimension.required')}</dd>
        </div>
        <div>
          <dt>{t('profiles.dimension.answers')}</dt>
          <dd>{d.multiple ? t('profiles.dimension.multiple') : t('profiles.dimension.single')}</dd>
        </div>
        <div>
          <dt>{t('profiles.dimension.reference')}</dt>
          <dd>{d.reference ? valueLabel(d.reference) : <span className="muted">{t('profiles.none.reference')}</span>}</dd>
        </div>
      </dl>
      <CodeTable
        caption={t('profiles.values.caption', { name: label(d.label) })}
        columns={[t('profiles.col.role')]}
        rows={d.values.map((v) => ({
          code: v.code,
          label: v.label,
          cells: [[v.notDeclared ? t('profiles.values.notDeclared') : null, v.code === d.reference ? t('profiles.values.reference') : null].filter(Boolean).join(', ')],
        }))}
      />
      {rollups.length > 0 && (
        <CodeTable
          caption={t('profiles.rollups.caption', { name: label(d.label) })}
          columns={[t('profiles.col.members')]}
          rows={rollups.map((r) => ({ code: r.code, label: r.label, cells: [r.members.map(valueLabel).join(', ')] }))}
        />
      )}
    </PageSection>
  );
}
