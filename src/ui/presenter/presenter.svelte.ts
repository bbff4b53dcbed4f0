// The presenter view and shared settings as the screens see them: whether the presenter is open and on which
// slide, where focus goes back when it closes, and the notice about settings applied from a link or a file.
// Applying shared settings writes them into the analysis, value-model and language states the app already has.
import { setLanguage } from '../../i18n/index.ts';
import { locale } from '../../i18n/index.ts';
import { analysis } from '../analysis/analysis.svelte.ts';
import { value } from '../analysis/value.svelte.ts';
import type { SettingsErrorCode, SharedSettings } from '../../settings-share/settings.ts';
import { SLIDES } from './story.ts';

export type SettingsNotice =
  | { kind: 'applied'; source: 'link' }
  | { kind: 'applied'; source: 'file'; file: string }
  | { kind: 'refused'; code: SettingsErrorCode; path: string };

class PresenterState {
  isOpen = $state(false);
  /** 0-based slide of the story. */
  slide = $state(0);
  notice = $state.raw<SettingsNotice | null>(null);
  #returnTo: HTMLElement | null = null;

  /** Opens the presenter on its current slide; focus returns to `opener` when it closes. */
  open(opener: HTMLElement | null): void {
    this.#returnTo = opener;
    this.isOpen = true;
  }

  close(): void {
    this.isOpen = false;
    const target = this.#returnTo;
    this.#returnTo = null;
    // After the view has left the page, so the button is focusable again.
    queueMicrotask(() => target?.focus());
  }

  /** The settings on screen now, as they would be shared. */
  current(): SharedSettings {
    return {
      analysis: { asOf: analysis.asOf, unit: analysis.unit, alpha: analysis.alpha },
      model: { unit: value.unit, horizonMonths: value.horizonMonths, monthlyDiscount: value.monthlyDiscount },
      language: locale.current,
      presenterSlide: this.slide + 1,
    };
  }

  /** Applies the parts that are set; the analysis and the predictions re-run by themselves when theirs change. */
  apply(settings: SharedSettings): void {
    const { analysis: shared, model, language, presenterSlide } = settings;
    if (shared?.asOf !== undefined) analysis.asOf = shared.asOf;
    if (shared?.unit !== undefined) analysis.unit = shared.unit;
    if (shared?.alpha !== undefined) analysis.alpha = shared.alpha;
    if (model?.unit !== undefined) value.unit = model.unit;
    if (model?.horizonMonths !== undefined) value.horizonMonths = model.horizonMonths;
    if (model?.monthlyDiscount !== undefined) value.monthlyDiscount = model.monthlyDiscount;
    if (language !== undefined) setLanguage(language);
    if (presenterSlide !== undefined) this.slide = Math.min(SLIDES.length, Math.max(1, presenterSlide)) - 1;
  }
}

export const presenter = new PresenterState();
