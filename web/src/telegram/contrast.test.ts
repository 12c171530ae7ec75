import { describe, expect, it } from 'vitest';
import { AA, contrast, parseHex, readable, readableThemeVars, type ThemeColors } from '@/telegram/contrast';

const ratio = (a: string, b: string) => contrast(parseHex(a)!, parseHex(b)!);

const LIGHT: ThemeColors = {
  bg: '#ffffff',
  secondaryBg: '#f1f1f4',
  sectionBg: '#ffffff',
  text: '#000000',
  hint: '#707579',
  link: '#2481cc',
  accentText: '#2481cc',
  button: '#2481cc',
  buttonText: '#ffffff',
  sectionHeader: '#6d6d71',
  subtitle: '#707579',
  destructive: '#e53935',
  secondaryHint: '#a2acb0',
};

const DARK: ThemeColors = {
  bg: '#17212b',
  secondaryBg: '#232e3c',
  sectionBg: '#17212b',
  text: '#f5f5f5',
  hint: '#708499',
  link: '#6ab3f3',
  accentText: '#6ab2f2',
  button: '#5288c1',
  buttonText: '#ffffff',
  sectionHeader: '#6ab3f3',
  subtitle: '#708499',
  destructive: '#ec3942',
  secondaryHint: '#78797e',
};

describe('contrast', () => {
  it('measures WCAG contrast', () => {
    expect(ratio('#000000', '#ffffff')).toBeCloseTo(21, 1);
    expect(ratio('#2481cc', '#ffffff')).toBeCloseTo(4.12, 1);
  });

  it('keeps colours that already pass', () => {
    expect(readable('#000000', ['#ffffff'])).toBe('#000000');
    expect(readable('#f5f5f5', ['#17212b'])).toBe('#f5f5f5');
  });

  it('darkens on light backgrounds and lightens on dark ones, just enough', () => {
    const dark = readable('#2481cc', ['#ffffff', '#f1f1f4']);
    expect(ratio(dark, '#ffffff')).toBeGreaterThanOrEqual(AA);
    expect(ratio(dark, '#f1f1f4')).toBeGreaterThanOrEqual(AA);
    expect(ratio(dark, '#ffffff')).toBeLessThan(5.5);
    const light = readable('#708499', ['#17212b', '#232e3c']);
    expect(ratio(light, '#17212b')).toBeGreaterThanOrEqual(AA);
    expect(ratio(light, '#232e3c')).toBeGreaterThanOrEqual(AA);
    expect(parseHex(light)![0]).toBeGreaterThan(0x70);
  });

  it('leaves an unparseable colour alone', () => {
    expect(readable('red', ['#ffffff'])).toBe('red');
  });

  for (const [name, theme] of [
    ['light', LIGHT],
    ['dark', DARK],
  ] as const) {
    it(`makes every text colour of the ${name} theme readable`, () => {
      const vars = readableThemeVars(theme);
      for (const key of ['--tgui--hint_color', '--tgui--link_color', '--tgui--accent_text_color', '--tgui--section_header_text_color', '--tgui--subtitle_text_color', '--tgui--destructive_text_color', '--tgui--secondary_hint_color']) {
        for (const bg of [theme.bg, theme.secondaryBg]) expect(ratio(vars[key]!, bg), `${key} on ${bg}`).toBeGreaterThanOrEqual(AA);
      }
      expect(ratio(vars['--tgui--button_color']!, theme.buttonText)).toBeGreaterThanOrEqual(AA);
    });
  }
});
