import { type RefObject, useEffect } from 'react';

/**
 * Keeps the mouse wheel from changing a focused number input inside `ref` (browsers step its value
 * when the wheel turns over it, so a count could change while the officer scrolls the page). The
 * wheel scrolls the page instead. One listener on the container, not passive: React's own wheel
 * listeners are passive and cannot prevent the step.
 */
export function useNoWheelChange(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLInputElement) || target.type !== 'number' || target !== document.activeElement) return;
      event.preventDefault();
      // deltaMode: pixels (0), lines (1) or pages (2).
      const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? window.innerHeight : 1;
      window.scrollBy({ left: event.deltaX * unit, top: event.deltaY * unit });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [ref]);
}
