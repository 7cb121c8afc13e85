package io.sorarelay.adapter.http;

import io.sorarelay.application.port.in.GetAccountUseCase;
import io.sorarelay.application.port.in.AuthenticateUserUseCase;
import io.sorarelay.application.port.in.CancelVideoTaskUseCase;
import io.sorarelay.application.port.in.CreateVideoTaskUseCase;
import io.sorarelay.application.port.in.GetVideoResultUseCase;
import io.sorarelay.application.port.in.GetVideoTaskUseCase;
import io.sorarelay.application.port.in.IngestUpstreamStatusUseCase;
import io.sorarelay.application.port.in.IssueSseTicketUseCase;
import io.sorarelay.application.port.in.ListModelsUseCase;
import io.sorarelay.application.port.in.ListVideoTasksUseCase;
import io.sorarelay.application.port.in.ReceiveProviderCallbackUseCase;
import io.sorarelay.application.port.in.RecoverVideoTasksUseCase;
import io.sorarelay.application.port.in.RedeemSseTicketUseCase;
import io.sorarelay.application.port.in.RemixVideoTaskUseCase;
import io.sorarelay.application.port.in.RetryVideoTaskUseCase;
import io.sorarelay.application.port.in.StreamTaskEventsUseCase;
import io.sorarelay.application.port.in.SyncTaskHistoryUseCase;

import java.util.Objects;

/**
 * The use cases the HTTP API serves, one per role. The server hands each routes class only the ones it calls,
 * so a reader of a routes class sees its whole reach in its constructor.
 */
public record HttpUseCases(AuthenticateUserUseCase accounts, ListModelsUseCase models, CreateVideoTaskUseCase create,
                           RemixVideoTaskUseCase remix, RetryVideoTaskUseCase retry, CancelVideoTaskUseCase cancel,
                           GetVideoTaskUseCase get, ListVideoTasksUseCase list, RecoverVideoTasksUseCase recover,
                           SyncTaskHistoryUseCase sync, IngestUpstreamStatusUseCase ingest, StreamTaskEventsUseCase streams,
                           IssueSseTicketUseCase issueTickets, RedeemSseTicketUseCase redeemTickets, ApiKeyUseCases keys,
                           WebhookEndpointUseCases webhooks, GetAccountUseCase account, GetVideoResultUseCase results,
                           ReceiveProviderCallbackUseCase callbacks) {
    public HttpUseCases {
        Objects.requireNonNull(callbacks);
        Objects.requireNonNull(account);
        Objects.requireNonNull(accounts); Objects.requireNonNull(models); Objects.requireNonNull(create);
        Objects.requireNonNull(remix); Objects.requireNonNull(retry); Objects.requireNonNull(cancel);
        Objects.requireNonNull(get); Objects.requireNonNull(list); Objects.requireNonNull(recover);
        Objects.requireNonNull(sync); Objects.requireNonNull(ingest); Objects.requireNonNull(streams);
        Objects.requireNonNull(issueTickets); Objects.requireNonNull(redeemTickets); Objects.requireNonNull(keys);
        Objects.requireNonNull(webhooks);
        Objects.requireNonNull(results);
    }

    /** Without provider callbacks: {@code POST /api/callbacks/...} answers 401 {@code callbacks_disabled}. */
    public HttpUseCases(AuthenticateUserUseCase accounts, ListModelsUseCase models, CreateVideoTaskUseCase create,
                        RemixVideoTaskUseCase remix, RetryVideoTaskUseCase retry, CancelVideoTaskUseCase cancel,
                        GetVideoTaskUseCase get, ListVideoTasksUseCase list, RecoverVideoTasksUseCase recover,
                        SyncTaskHistoryUseCase sync, IngestUpstreamStatusUseCase ingest, StreamTaskEventsUseCase streams,
                        IssueSseTicketUseCase issueTickets, RedeemSseTicketUseCase redeemTickets, ApiKeyUseCases keys,
                        WebhookEndpointUseCases webhooks, GetAccountUseCase account, GetVideoResultUseCase results) {
        this(accounts, models, create, remix, retry, cancel, get, list, recover, sync, ingest, streams, issueTickets, redeemTickets,
                keys, webhooks, account, results, ReceiveProviderCallbackUseCase.DISABLED);
    }

    /** The same use cases with {@code c} receiving provider callbacks. */
    public HttpUseCases withCallbacks(ReceiveProviderCallbackUseCase c) {
        return new HttpUseCases(accounts, models, create, remix, retry, cancel, get, list, recover, sync, ingest, streams, issueTickets,
                redeemTickets, keys, webhooks, account, results, c);
    }
}
