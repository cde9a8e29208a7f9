import type { ReactNode } from 'react';
import { Link } from 'react-router';

/**
 * A page reached from a list (an account, a zone, a profile, an audit event): the link back to the
 * list above its heading, an optional intro, then the page. `className`: a form's narrow page unless given.
 */
export function BackLinkPage({
  back,
  backText,
  title,
  intro,
  className = 'page page--form',
  children,
}: {
  back: string;
  backText: string;
  title: string;
  intro?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <p className="back-link">
        <Link to={back}>{backText}</Link>
      </p>
      <header className="page__header">
        <h1>{title}</h1>
        {intro && <p className="page__intro">{intro}</p>}
      </header>
      {children}
    </div>
  );
}
