import { useEffect, useState } from 'preact/hooks';
import type { PagePromptSource, PageAskState } from '../../lib/context/page-prompt-source';
import { injectionNotice, type InjectionSignal } from '../../lib/context/injection-signals';
import { siteOf, withRule } from '../../lib/privacy/site-rules';
import { loadSettings, updateSettings, watchSettings } from '../../lib/settings/store';

/**
 * The panel's page bar: the page the user asked about (the next message includes it), a
 * notice when that page seems to try to instruct Hearth, "Not here" for its site, and the
 * global pause of page reading.
 */
export function PageBar({ source }: { source: PagePromptSource }) {
  const [state, setState] = useState<PageAskState>(source.get());
  const [paused, setPaused] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const stop = source.subscribe(setState);
    void source.refresh().catch(() => undefined);
    return stop;
  }, [source]);
  useEffect(() => {
    void loadSettings().then(({ settings }) => setPaused(settings.privacy.paused));
    return watchSettings((settings) => setPaused(settings.privacy.paused));
  }, []);

  const fail = (error: unknown) => setProblem(error instanceof Error ? error.message : String(error));
  const togglePause = () =>
    void updateSettings((s) => ({ ...s, privacy: { ...s.privacy, paused: !s.privacy.paused } })).catch(fail);
  const site = state.page ? siteOf(state.page.url) : null;
  const notHere = () => {
    if (!site) return;
    void updateSettings((s) => ({
      ...s,
      privacy: { ...s.privacy, rules: withRule(s.privacy.rules, site, 'block') },
    }))
      .then(() => source.dismiss())
      .catch(fail);
  };
  const article = state.page?.article;

  return (
    <section class="page-bar" aria-label="Page">
      {state.ask && state.page && (
        <p data-testid="page-ask">
          {state.ask.kind === 'selection'
            ? 'Your next message asks about your selection on '
            : 'Your next message asks about '}
          <a href={state.page.url} target="_blank" rel="noreferrer">
            {state.page.title || state.page.url}
          </a>
          {!article && ' (reading it…)'}{' '}
          <button type="button" onClick={() => source.dismiss()}>
            Leave the page out
          </button>
        </p>
      )}
      {state.ask && article?.injectionSuspected && (
        <div class="notice" role="alert" data-testid="injection-notice">
          {injectionNotice(article.injectionSignals as InjectionSignal[])}
        </div>
      )}
      {problem && <div role="alert">{problem}</div>}
      <div class="page-bar-actions">
        {site && (
          <button type="button" onClick={notHere} title={`Never read ${site}`}>
            Not here ({site})
          </button>
        )}
        {paused !== null && (
          <button type="button" aria-pressed={paused} onClick={togglePause}>
            {paused ? 'Resume reading pages' : 'Pause reading pages'}
          </button>
        )}
      </div>
    </section>
  );
}
