import { render } from 'preact';
import { PanelApp } from '../../components/chat/PanelApp';
import { MoodClientContext } from '../../components/mood/mood-context';
import { EmotionImageContext } from '../../components/persona/emotion-image-context';
import { getDb } from '../../lib/db/open';
import { createEmotionImageSource } from '../../lib/persona/emotion-images-source';
import { runtimeTransport } from '../../lib/companion/browser-ports';
import { broadcastChanges } from '../../lib/messaging/changes';
import { createMoodClient } from '../../lib/mood/mood-client';
import '../../components/ui/theme.css';

// The mood lives in the background; this page sees it through the typed protocol.
const mood = createMoodClient(runtimeTransport, broadcastChanges);
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
