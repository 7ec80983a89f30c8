/** Chart colours from the page's CSS variables, so the charts follow light and dark mode. */
export interface ChartTheme {
  text: string;
  grid: string;
  import: string;
  export: string;
}

export function chartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const get = (name: string): string => style.getPropertyValue(name).trim();
  return { text: get('--muted'), grid: get('--grid'), import: get('--import'), export: get('--export') };
}

/** Calls `redraw` when the colour scheme changes (the charts are drawn on canvas, outside CSS). */
export function onSchemeChange(redraw: () => void): void {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', redraw);
}

/** Width and height for a chart in `element`: its width, a height that suits a phone and a desktop. */
export function chartSize(element: HTMLElement, height: number): { width: number; height: number } {
  const width = Math.max(200, Math.floor(element.clientWidth));
  return { width, height: width < 500 ? Math.round(height * 0.75) : height };
}
