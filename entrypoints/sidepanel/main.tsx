import { render } from 'preact';
import { PanelApp } from '../../components/chat/PanelApp';
import { MoodClientContext } from '../../components/mood/mood-context';
import { EmotionImageContext } from '../../components/persona/emotion-image-context';
import { getDb } from '../../lib/db/open';
import { createEmotionImageSource } from '../../lib/persona/emotion-images-source';
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
// The avatar shows the persona's own pictures for its feelings when it has them.
const emotionImages = createEmotionImageSource(getDb, broadcastChanges);

render(
  <MoodClientContext.Provider value={mood}>
    <EmotionImageContext.Provider value={emotionImages}>
      <PanelApp />
    </EmotionImageContext.Provider>
  </MoodClientContext.Provider>,
  document.getElementById('app')!,
);
