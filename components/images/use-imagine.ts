import { useMemo, useRef, useState } from 'preact/hooks';
import type { ChatSession } from '../../lib/companion/chat-session';
import type { PanelServices } from '../../lib/companion/panel-services';
import type { PersonaRecord } from '../../lib/db/records';
import type { ImageProgress } from '../../lib/images/image-generator';
import { parseImagine } from '../../lib/images/image-prompt';
import { createImageGenerator } from '../../lib/images/image-registry';
import { runImagine } from '../../lib/images/imagine-service';
import type { MoodClient } from '../../lib/mood/types';
import type { Settings } from '../../lib/settings/schema';

/** A picture being made: its progress in words, and Cancel. */
export interface Imagining {
  progress: ImageProgress | null;
  problem: string | null;
  cancel: () => void;
  dismiss: () => void;
  /** Sends `/imagine …` as a picture request; null when the text is not that command. */
  send: (text: string) => Promise<boolean> | null;
}

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** `/imagine` in the chat: runs the picture request and reopens the conversation to show it. */
export function useImagine(
  session: ChatSession,
  services: PanelServices,
  settings: Settings,
  persona: PersonaRecord,
  mood: MoodClient | null | undefined,
): Imagining {
  const latest = useRef({ settings, persona, mood });
  latest.current = { settings, persona, mood };
  const [progress, setProgress] = useState<ImageProgress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);

  const send = useMemo(
    () =>
      (text: string): Promise<boolean> | null => {
        const request = parseImagine(text);
        if (request === null) return null;
        if (running.current) return Promise.resolve(false);
        // Resolves once the command is stored (the composer clears then); the picture follows.
        return new Promise<boolean>(
          (storedNow) =>
            void (async () => {
              const controller = new AbortController();
              running.current = controller;
              setProblem(null);
              setProgress({ fraction: null, text: 'Getting ready…' });
              let stored = false;
              try {
                const conversationId =
                  session.state.activeId ?? (await session.newConversation(), session.state.activeId);
                if (!conversationId) return;
                const outcome = await runImagine(
                  {
                    chat: services.chat,
                    images: services.images,
                    generator: () =>
                      createImageGenerator(latest.current.settings.images, {
                        fetch: (i, o) => fetch(i, o),
                        wait,
                      }),
                    persona: () => latest.current.persona,
                    feeling: async (id) =>
                      latest.current.mood ? (await latest.current.mood.current(id)).mood.feeling : null,
                    now: Date.now,
                  },
                  {
                    conversationId,
                    command: text.trim(),
                    request,
                    signal: controller.signal,
                    onProgress: setProgress,
                    onStored: () => {
                      stored = true;
                      storedNow(true);
                      void session.open(conversationId);
                    },
                  },
                );
                // A failed picture is a reply that says why (in the conversation); nothing to repeat here.
                void outcome;
                await session.open(conversationId);
              } catch (error) {
                setProblem(error instanceof Error ? error.message : String(error));
              } finally {
                running.current = null;
                setProgress(null);
                if (!stored) storedNow(false);
              }
            })(),
        );
      },
    [session, services],
  );

  return {
    progress,
    problem,
    cancel: () => running.current?.abort(),
    dismiss: () => setProblem(null),
    send,
  };
}
