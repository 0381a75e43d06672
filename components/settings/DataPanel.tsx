import { useCallback, useEffect, useState } from 'preact/hooks';
import { subscribeChanges } from '../../lib/messaging/changes';
import { STORE_SECTIONS, STORE_SECTION_NAMES, type SectionCounts } from '../../lib/backup/format';
import type { BackupService } from './data/shared';
import { ExportSection } from './data/ExportSection';
import { ImportSection } from './data/ImportSection';
import { WipeSection } from './data/WipeSection';

/** What the options page passes in; the callbacks let it reload what it shows. */
export interface DataPanelProps {
  backup: BackupService;
  onImported?: () => void;
  onWiped?: () => void;
}

/** Export, import and wipe: everything Hearth stores, in one versioned JSON file. */
export function DataPanel({ backup, onImported, onWiped }: DataPanelProps) {
  const [stored, setStored] = useState<SectionCounts | null>(null);
  const refresh = useCallback(() => {
    backup.countStores().then(
      (counts) =>
        setStored(
          Object.fromEntries(STORE_SECTION_NAMES.map((n) => [n, counts[STORE_SECTIONS[n].store] ?? 0])),
        ),
      () => setStored(null),
    );
  }, [backup]);
  useEffect(() => {
    refresh();
    return subscribeChanges(refresh);
  }, [refresh]);

  return (
    <div class="stack">
      <ExportSection backup={backup} />
      <ImportSection
        backup={backup}
        onImported={() => {
          refresh();
          onImported?.();
        }}
      />
      <WipeSection
        backup={backup}
        stored={stored}
        onWiped={() => {
          refresh();
          onWiped?.();
        }}
      />
    </div>
  );
}
