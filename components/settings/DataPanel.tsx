import { useCallback, useEffect, useState } from 'preact/hooks';
import { subscribeChanges } from '../../lib/messaging/changes';
import { countStores } from '../../lib/backup/wipe';
import { STORE_SECTIONS, STORE_SECTION_NAMES, type SectionCounts } from '../../lib/backup/format';
import type { Db } from './data/shared';
import { ExportSection } from './data/ExportSection';
import { ImportSection } from './data/ImportSection';
import { WipeSection } from './data/WipeSection';

/** What the options page passes in; the callbacks let it reload what it shows. */
export interface DataPanelProps {
  db: Db;
  onImported?: () => void;
  onWiped?: () => void;
}

/** Export, import and wipe: everything Hearth stores, in one versioned JSON file. */
export function DataPanel({ db, onImported, onWiped }: DataPanelProps) {
  const [stored, setStored] = useState<SectionCounts | null>(null);
  const refresh = useCallback(() => {
    countStores(db).then(
      (counts) =>
        setStored(
          Object.fromEntries(STORE_SECTION_NAMES.map((n) => [n, counts[STORE_SECTIONS[n].store] ?? 0])),
        ),
      () => setStored(null),
    );
  }, [db]);
  useEffect(() => {
    refresh();
    return subscribeChanges(refresh);
  }, [refresh]);

  return (
    <div class="stack">
      <ExportSection db={db} />
      <ImportSection
        db={db}
        onImported={() => {
          refresh();
          onImported?.();
        }}
      />
      <WipeSection
        db={db}
        stored={stored}
        onWiped={() => {
          refresh();
          onWiped?.();
        }}
      />
    </div>
  );
}
