package io.sorarelay.adapter.memory;

import io.sorarelay.application.contract.AdminAccountsContract;
import io.sorarelay.application.contract.AdminTasksContract;
import io.sorarelay.application.contract.CreditLedgerContract;
import io.sorarelay.application.contract.ApiKeyStoreContract;
import io.sorarelay.application.contract.AuditLogContract;
import io.sorarelay.application.contract.EventBusContract;
import io.sorarelay.application.contract.InFlightTasksContract;
import io.sorarelay.application.contract.LockPortContract;
import io.sorarelay.application.contract.ManualClock;
import io.sorarelay.application.contract.RateLimiterContract;
import io.sorarelay.application.contract.ReferenceImageStoreContract;
import io.sorarelay.application.contract.SignupGrantContract;
import io.sorarelay.application.contract.SseTicketContract;
import io.sorarelay.application.contract.TaskCountsContract;
import io.sorarelay.application.contract.UpstreamBudgetContract;
import io.sorarelay.application.contract.UserAccountContract;
import io.sorarelay.application.contract.VideoTaskStoreContract;
import io.sorarelay.application.contract.WebhookDeliveryLogContract;
import io.sorarelay.application.port.out.ApiKeyStorePort;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.LockPort;
import io.sorarelay.application.port.out.RateLimiterPort;
import io.sorarelay.application.port.out.SseTicketPort;
import io.sorarelay.application.port.out.UpstreamBudgetPort;
import io.sorarelay.application.port.out.UserAccountPort;
import io.sorarelay.application.port.out.WebhookDeliveryLogPort;
import org.junit.jupiter.api.Nested;

import java.time.InstantSource;

/** The in-memory adapters honour the same contracts as the PostgreSQL and Redis ones. */
class InMemoryContractsTest {
    @Nested
    class ApiKeys extends ApiKeyStoreContract {
        @Override protected ApiKeyStorePort newStore() { return new InMemoryApiKeys(); }
    }

    @Nested
    class CreditLedger extends CreditLedgerContract {
        private InMemoryVideoTaskStore store;

        @Override protected Books newBooks() {
            store = new InMemoryVideoTaskStore(new InMemoryCreditLedger());
            return sameBooksElsewhere();
        }

        @Override protected Books sameBooksElsewhere() { return new Books(store.ledger(), store, store, store); }
    }

    @Nested
    class TaskStore extends VideoTaskStoreContract {
        @Override protected Store newStore() { return Store.of(new InMemoryVideoTaskStore()); }
    }

    @Nested
    class InFlightTasks extends InFlightTasksContract {
        @Override protected Store newStore() { return Store.of(new InMemoryVideoTaskStore()); }
    }

    @Nested
    class TaskCounts extends TaskCountsContract {
        @Override protected Store newStore() { return Store.of(new InMemoryVideoTaskStore()); }
    }

    @Nested
    class EventBus extends EventBusContract {
        @Override protected Bus newBus() {
            InMemoryEventBus bus = new InMemoryEventBus();
            return new Bus(bus, bus);
        }
    }

    @Nested
    class Locks extends LockPortContract {
        @Override protected LockPort[] newLocks(ManualClock clock) {
            InProcessLocks locks = new InProcessLocks(clock);
            return new LockPort[] {locks, locks};
        }
    }

    @Nested
    class RateLimits extends RateLimiterContract {
        @Override protected RateLimiterPort[] newLimiters() {
            InMemoryRateLimiter limiter = new InMemoryRateLimiter(InstantSource.system());
            return new RateLimiterPort[] {limiter, limiter};
        }
    }

    @Nested
    class UpstreamBudget extends UpstreamBudgetContract {
        @Override protected UpstreamBudgetPort[] newBudgets(InstantSource clock) {
            InMemoryUpstreamBudget budget = new InMemoryUpstreamBudget(clock);
            return new UpstreamBudgetPort[] {budget, budget};
        }
    }

    @Nested
    class SseTickets extends SseTicketContract {
        @Override protected SseTicketPort[] newTickets(ManualClock clock) {
            InMemorySseTickets tickets = new InMemorySseTickets(clock);
            return new SseTicketPort[] {tickets, tickets};
        }
    }

    @Nested
    class UserAccounts extends UserAccountContract {
        @Override protected UserAccountPort newAccounts() { return new InMemoryUserAccounts(); }
    }

    @Nested
    class SignupGrants extends SignupGrantContract {
        @Override protected Stores newStores() {
            InMemoryAdapters memory = InMemoryAdapters.create(InstantSource.system());
            return new Stores(memory.userAccounts(), memory.videoTasks().ledger());
        }
    }

    @Nested
    class ReferenceImages extends ReferenceImageStoreContract {
        @Override protected Stores newStores() {
            InMemoryAdapters memory = InMemoryAdapters.create(InstantSource.system());
            return new Stores(memory.referenceImages(), memory.videoTasks());
        }
    }

    @Nested
    class WebhookDeliveries extends WebhookDeliveryLogContract {
        @Override protected WebhookDeliveryLogPort newLog() { return new InMemoryWebhookDeliveries(); }
    }

    @Nested
    class AuditLog extends AuditLogContract {
        @Override protected AuditLogPort newLog() { return new InMemoryAuditLog(); }
    }

    @Nested
    class AdminAccounts extends AdminAccountsContract {
        @Override protected Stores newStores() {
            InMemoryUserAccounts accounts = new InMemoryUserAccounts();
            return new Stores(accounts, accounts);
        }
    }

    @Nested
    class AdminTasks extends AdminTasksContract {
        @Override protected Store newStore() {
            InMemoryVideoTaskStore tasks = new InMemoryVideoTaskStore();
            return new Store(tasks, new InMemoryAdminTasks(tasks), tasks.ledger());
        }
    }
}
