import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HealthBadge } from '../features/health/components/HealthBadge';

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } });

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <header className="app-header">
        <h1>PumpWatch</h1>
        <HealthBadge />
      </header>
      <main>
        <p>Intrathecal baclofen pump clinic dashboard.</p>
      </main>
    </QueryClientProvider>
  );
}
