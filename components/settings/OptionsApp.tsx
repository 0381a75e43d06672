import { useContext, useEffect, useState } from 'preact/hooks';
import { openOptionsServices, type OptionsServices } from '../../lib/companion/options-services';
import type { Settings } from '../../lib/settings/schema';
import { loadSettings, watchSettings } from '../../lib/settings/store';
import { EngineChooser } from './EngineChooser';
import { PersonaLibrary } from '../persona/PersonaLibrary';
import { ChatPreferences } from './ChatPreferences';
import { DataPanel } from './DataPanel';
import { MemoryManager } from '../memory/MemoryManager';
import { EmbedderSection } from './EmbedderSection';
import { MoodClientContext } from '../mood/mood-context';
import { MoodSettings } from '../mood/MoodSettings';
import { WebhooksSection } from '../webhooks/WebhooksSection';
import { runtimeTransport } from '../../lib/companion/browser-ports';
import { VoiceSettingsSection } from '../voice/VoiceSettingsSection';
import { ImagesSettingsSection } from '../images/ImagesSettingsSection';
import { CommentSettingsForm } from '../page/CommentSettings';
import { PrivacySection } from '../privacy/PrivacySection';

/** The options page: engines, memories, persona, mood and relationship, chat preferences, data. */
export function OptionsApp() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const [services, setServices] = useState<OptionsServices | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const mood = useContext(MoodClientContext);

  useEffect(() => {
    const stop = watchSettings(setSettings);
    (async () => {
      const loaded = await loadSettings();
      setSettings(loaded.settings);
      setProblem(loaded.problem);
      setServices(await openOptionsServices(runtimeTransport));
    })().catch((error: unknown) => setFatal(error instanceof Error ? error.message : String(error)));
    return stop;
  }, []);

  useEffect(() => {
    if (settings && services) document.getElementById('app')?.setAttribute('data-ready', 'true');
  }, [settings, services]);

  if (fatal) return <div role="alert">{fatal}</div>;
  if (!settings || !services) return <p class="muted">Loading…</p>;
  return (
    <main class="options">
      <h1>Hearth settings</h1>
      <nav class="options-nav" aria-label="Sections">
        {[
          ['#h-engines', 'Engines'],
          ['#memories', 'Memories'],
          ['#h-persona', 'Personas'],
          ['#h-mood', 'Mood & relationship'],
          ['#h-chat', 'Chat'],
          ['#h-webhooks', 'Webhooks'],
          ['#h-voice', 'Voice'],
          ['#h-pictures', 'Pictures'],
          ['#h-comments', 'Page comments'],
          ['#h-data', 'Your data'],
          ['#h-privacy', 'Privacy'],
        ].map(([href, label]) => (
          <a key={href} href={href}>
            {label}
          </a>
        ))}
      </nav>
      {problem && (
        <div class="notice" role="alert">
          {problem}
        </div>
      )}
      <section aria-labelledby="h-engines">
        <h2 id="h-engines">Engines</h2>
        <EngineChooser settings={settings} />
      </section>
      <section aria-labelledby="h-memories" id="memories">
        <h2 id="h-memories">Memories</h2>
        <EmbedderSection settings={settings} />
        <MemoryManager service={services.memories} />
      </section>
      <section aria-labelledby="h-persona">
        <h2 id="h-persona">Personas</h2>
        <PersonaLibrary service={services.library} />
      </section>
      <section aria-labelledby="h-mood">
        <h2 id="h-mood">Mood &amp; relationship</h2>
        <MoodSettings client={mood} personas={services.personas} personaId={settings.activePersonaId} />
      </section>
      <section aria-labelledby="h-chat">
        <h2 id="h-chat">Chat</h2>
        <ChatPreferences settings={settings} />
      </section>
      <section aria-labelledby="h-webhooks">
        <h2 id="h-webhooks">Webhooks</h2>
        <WebhooksSection service={services.webhooks} />
      </section>
      <section aria-labelledby="h-voice">
        <h2 id="h-voice">Voice</h2>
        <VoiceSettingsSection settings={settings} personaId={settings.activePersonaId} />
      </section>
      <section aria-labelledby="h-pictures">
        <h2 id="h-pictures">Pictures</h2>
        <ImagesSettingsSection settings={settings} />
      </section>
      <section aria-labelledby="h-comments">
        <h2 id="h-comments">Page comments</h2>
        <CommentSettingsForm settings={settings} />
      </section>
      <section aria-labelledby="h-data">
        <h2 id="h-data">Your data</h2>
        {/* After a wipe the settings key is gone; reloading shows the first-run state honestly. */}
        <DataPanel backup={services.backup} onWiped={() => location.reload()} />
      </section>
      <section aria-labelledby="h-privacy">
        <h2 id="h-privacy">Privacy</h2>
        <p>
          Conversations, settings and your persona are stored only in this browser (IndexedDB and extension
          storage). An on-device model sends nothing anywhere. With your own server, each message and the
          recent conversation go to that server only, and Hearth asks the browser for access to that one
          address.
        </p>
        <h3>Pages</h3>
        <PrivacySection settings={settings} />
      </section>
    </main>
  );
}
