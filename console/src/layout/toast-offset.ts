/** Room between the header and a toast. */
const GAP_PX = 12;
/** The header's height when the stylesheet is not there to ask (tests). */
const FALLBACK_HEADER_PX = 56;

/**
 * How far from the top toasts open: below the header (`--keeper-header-height`), so they never cover its
 * badges, the live status or the user menu.
 */
export function toastOffset(): number {
  const header = Number.parseFloat(
    getComputedStyle(document.documentElement).getPropertyValue('--keeper-header-height'),
  );
  return (Number.isFinite(header) ? header : FALLBACK_HEADER_PX) + GAP_PX;
}
