import type { AlarmPriority } from '@pumpwatch/contracts';
import { PRIORITY_WORDS } from '../../lib/codes';

/** Distinct shapes per level so priority reads without colour: ◆ critical, ▲ high, ● medium, ○ low. */
const ICONS: Record<AlarmPriority, string> = { critical: '◆', high: '▲', medium: '●', low: '○' };

export function PriorityBadge({ priority }: { priority: AlarmPriority }) {
  return (
    <span className={`priority priority-${priority}`} data-priority={priority}>
      <span aria-hidden="true" className="priority-icon">
        {ICONS[priority]}
      </span>
      {PRIORITY_WORDS[priority]}
    </span>
  );
}
