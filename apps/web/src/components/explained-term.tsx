import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * A short word in a table ("suppressed", "too few to conclude") with its explanation one hover,
 * focus or click away. The word is a button: it takes keyboard focus, and screen readers read the
 * explanation as its description (aria-describedby) without opening anything. The explanation
 * shows while the pointer is over the word or the word has focus, and stays after a click or tap
 * (another hides it); Escape hides it (WCAG 1.4.13). The button does nothing else, so a click on it never
 * opens the row it is in.
 */
export function ExplainedTerm({ term, explanation, className }: { term: string; explanation: string; className?: string }) {
  const id = useId();
  const [pinned, setPinned] = useState(false);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const open = !dismissed && (pinned || hovered || focused);
  const tipRef = useRef<HTMLSpanElement>(null);
  const [place, setPlace] = useState({ end: false, above: false });

  // Below the word and from its start, unless that would leave the box it is shown in (a table
  // that scrolls, or the window): then from its end, or above it.
  useLayoutEffect(() => {
    const tip = tipRef.current;
    if (!open || !tip?.parentElement) return;
    const word = tip.parentElement.getBoundingClientRect();
    const box = visibleBox(tip.parentElement);
    const { offsetWidth: width, offsetHeight: height } = tip;
    setPlace({
      end: word.left + width > box.right && word.right - width >= box.left,
      above: word.bottom + height + 6 > box.bottom && word.top - height - 6 >= box.top,
    });
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setPinned(false);
      setDismissed(true);
    }
  };

  return (
    <span
      className={className ? `explained ${className}` : 'explained'}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => {
        setHovered(false);
        setDismissed(false);
      }}
    >
      <button
        type="button"
        className="explained__term"
        aria-describedby={id}
        onClick={() => {
          // A first click or tap keeps it open (a tap also hovers and focuses); the next one hides it.
          setDismissed(pinned);
          setPinned(!pinned);
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setPinned(false);
          setDismissed(false);
        }}
        onKeyDown={onKeyDown}
      >
        {term}
      </button>
      <span
        ref={tipRef}
        role="tooltip"
        id={id}
        className={`explained__tip${place.end ? ' explained__tip--end' : ''}${place.above ? ' explained__tip--above' : ''}`}
        hidden={!open}
      >
        {explanation}
      </span>
    </span>
  );
}

/** The part of the window in which an element can be seen: the window, cut by every ancestor that clips (scrolling tables). */
function visibleBox(element: Element): { left: number; right: number; top: number; bottom: number } {
  const box = { left: 0, top: 0, right: document.documentElement.clientWidth, bottom: document.documentElement.clientHeight };
  for (let el = element.parentElement; el; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const r = el.getBoundingClientRect();
    box.left = Math.max(box.left, r.left);
    box.top = Math.max(box.top, r.top);
    box.right = Math.min(box.right, r.right);
    box.bottom = Math.min(box.bottom, r.bottom);
  }
  return box;
}
