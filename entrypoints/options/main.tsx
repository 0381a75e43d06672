import { render } from 'preact';
import { OptionsApp } from '../../components/settings/OptionsApp';
import { MoodClientContext } from '../../components/mood/mood-context';
import { runtimeTransport } from '../../lib/companion/browser-ports';
import { broadcastChanges } from '../../lib/messaging/changes';
import { createMoodClient } from '../../lib/mood/mood-client';
import { kickOnCommit } from '../../lib/events/outbox-kick';
import { announceCommits } from '../../lib/events/event-changes';
import '../../components/ui/theme.css';

// The mood lives in the background; this page sees it through the typed protocol.
const mood = createMoodClient(runtimeTransport, broadcastChanges);
// Events this page writes are delivered by the background: wake it after each commit.
kickOnCommit(runtimeTransport);
announceCommits(broadcastChanges.publish); // and every other open context hears of it

render(
  <MoodClientContext.Provider value={mood}>
    <OptionsApp />
  </MoodClientContext.Provider>,
  document.getElementById('app')!,
);
