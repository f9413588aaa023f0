import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
// @ts-expect-error a plain ES module of the lint configuration, without types
import { featureBoundaries } from '../../../../scripts/eslint/feature-boundaries.mjs';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const src = '/repo/apps/web/src';

/** The lint rule that keeps web features apart (scripts/eslint/feature-boundaries.mjs, `pnpm lint`). */
tester.run('pumpwatch/feature-boundaries', featureBoundaries, {
  valid: [
    // another feature's public index, with or without /index
    { filename: `${src}/features/patients/routes/PatientRoute.tsx`, code: "import { a } from '../../triage/api';" },
    { filename: `${src}/features/patients/components/X.tsx`, code: "import { a } from '../../triage/api/index';" },
    // a feature's own files, shared layers, packages
    { filename: `${src}/features/triage/components/X.tsx`, code: "import { a } from '../api/triage';" },
    { filename: `${src}/features/triage/components/X.tsx`, code: "import { a } from './Y';" },
    { filename: `${src}/features/triage/components/X.tsx`, code: "import { a } from '../../../lib/triage-words';" },
    { filename: `${src}/features/triage/components/X.tsx`, code: "import { a } from '@pumpwatch/contracts';" },
    // the app composes features
    { filename: `${src}/app/router.tsx`, code: "const r = () => import('../features/alarms/routes/AlarmsRoute');" },
    { filename: `${src}/app/AppLayout.tsx`, code: "import { H } from '../features/health/components/HealthBadge';" },
    // files outside the web app are not concerned
    { filename: '/repo/apps/api/src/x.ts', code: "import { a } from '../features/alarms/components/AlarmRow';" },
  ],
  invalid: [
    {
      filename: `${src}/features/patients/components/PumpCard.tsx`,
      code: "import { R } from '../../pump-events/components/RecordEventDialog';",
      errors: [
        {
          message:
            'features/patients may not import features/pump-events/components/RecordEventDialog: import from its ' +
            "public index '../../pump-events/api', or move what both need to src/components or src/lib.",
        },
      ],
    },
    {
      // a single api file is internal too: the index is the public face
      filename: `${src}/features/patients/routes/PatientRoute.tsx`,
      code: "import { q } from '../../triage/api/triage';",
      errors: [{ messageId: 'internals' }],
    },
    {
      filename: `${src}/features/patients/components/PatientCalls.tsx`,
      code: "import '../../triage/triage.css';",
      errors: [{ messageId: 'internals' }],
    },
    {
      filename: `${src}/features/notifications/components/x.test.tsx`,
      code: "export { AlarmRow } from '../../alarms/components/AlarmRow';",
      errors: [{ messageId: 'internals' }],
    },
    {
      filename: `${src}/features/alarms/routes/AlarmsRoute.tsx`,
      code: "const P = () => import('../../notifications/components/AlarmNotificationPanel');",
      errors: [{ messageId: 'internals' }],
    },
    {
      filename: `${src}/components/appointments/AppointmentStatusDialog.tsx`,
      code: "import { q } from '../../features/worklist/api';",
      errors: [
        {
          message:
            'src/components is shared by every feature and may not import features/worklist: move what it needs ' +
            'into src/lib or src/components.',
        },
      ],
    },
    {
      filename: `${src}/lib/session.tsx`,
      code: "import { login } from '../features/auth/api';",
      errors: [{ messageId: 'sharedToFeature' }],
    },
  ],
});
