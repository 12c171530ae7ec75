// Readable theme colours: Telegram's (or the browser fallback's) text colours, darkened on a light
// theme and lightened on a dark one just until they reach WCAG AA (4.5:1) against every background
// they are drawn on. Colours that already pass are kept as they are, so the app still looks native.

export type Rgb = [number, number, number];

export interface ThemeColors {
  bg: string;
  secondaryBg: string;
  sectionBg: string;
  text: string;
  hint: string;
  link: string;
  accentText: string;
  button: string;
  buttonText: string;
  sectionHeader: string;
  subtitle: string;
  destructive: string;
  secondaryHint: string;
}

export const AA = 4.5;

export function parseHex(hex: string): Rgb | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  let h = m[1] ?? '';
  if (h.length === 3) h = h.split('').map((c) => c + c).join('');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('')}`;
}

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance([r, g, b]: Rgb): number {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrast(a: Rgb, b: Rgb): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `a` mixed with `b`, `t` of the way from a to b. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/**
 * `fg`, moved towards black (light backgrounds) or white (dark ones) in small steps until its
 * contrast with each of `backgrounds` is at least `min`. `tint`: also check against each background
 * tinted with that share of the candidate itself (telegram-ui's bezeled buttons: 10–15 % of the
 * accent colour under the link-coloured text).
 */
export function readable(fg: string, backgrounds: string[], options: { min?: number; tint?: number } = {}): string {
  const min = options.min ?? AA;
  const colour = parseHex(fg);
  const bgs = backgrounds.map(parseHex).filter((b): b is Rgb => b !== null);
  if (!colour || bgs.length === 0) return fg;
  const darkBg = bgs.reduce((sum, b) => sum + luminance(b), 0) / bgs.length < 0.18;
  const target: Rgb = darkBg ? [255, 255, 255] : [0, 0, 0];
  const passes = (c: Rgb) =>
    bgs.every((b) => contrast(c, b) >= min && (!options.tint || contrast(c, mix(b, c, options.tint)) >= min));
  if (passes(colour)) return fg;
  for (let step = 1; step <= 50; step += 1) {
    const candidate = mix(colour, target, step / 50);
    // Rounded as it will be written, so the written colour is the one that passed.
    const rounded = parseHex(toHex(candidate));
    if (rounded && passes(rounded)) return toHex(rounded);
  }
  return toHex(target);
}

/** The telegram-ui CSS variables to override so every text colour reaches 4.5:1. */
export function readableThemeVars(theme: ThemeColors): Record<string, string> {
  const surfaces = [theme.bg, theme.secondaryBg, theme.sectionBg];
  const text = (colour: string, tint?: number) => readable(colour, surfaces, { tint });
  const link = text(theme.link, 0.15);
  const accent = text(theme.accentText, 0.15);
  return {
    '--tgui--text_color': text(theme.text),
    '--tgui--hint_color': text(theme.hint),
    '--tgui--link_color': link,
    '--tgui--accent_text_color': accent,
    '--tgui--section_header_text_color': text(theme.sectionHeader),
    '--tgui--subtitle_text_color': text(theme.subtitle),
    '--tgui--destructive_text_color': text(theme.destructive),
    '--tgui--secondary_hint_color': text(theme.secondaryHint),
    // A filled button: its text colour on it. Darkened (or lightened) away from the button text.
    '--tgui--button_color': readable(theme.button, [theme.buttonText]),
    '--tgui--button_text_color': theme.buttonText,
  };
}
