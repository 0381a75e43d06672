import { useContext, useEffect, useState } from 'preact/hooks';
import { ImagesContext } from './images-context';

/**
 * A message's pictures, shown from blob URLs made from the stored blobs (never a server's
 * URL), revoked when the message leaves the screen.
 */
export function MessageImages({ messageId, alt }: { messageId: string; alt: string }) {
  const store = useContext(ImagesContext);
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    if (!store) return;
    let made: string[] = [];
    let gone = false;
    store.forMessage(messageId).then(
      (images) => {
        if (gone) return;
        made = images.map((image) => URL.createObjectURL(image.blob));
        setUrls(made);
      },
      () => undefined,
    );
    return () => {
      gone = true;
      made.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [store, messageId]);
  if (urls.length === 0) return null;
  return (
    <div class="msg-images">
      {urls.map((url) => (
        <img key={url} src={url} alt={alt} style={{ maxWidth: '100%', borderRadius: '8px' }} />
      ))}
    </div>
  );
}
