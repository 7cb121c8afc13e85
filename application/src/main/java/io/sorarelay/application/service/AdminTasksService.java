package io.sorarelay.application.service;

import io.sorarelay.application.port.in.AdminTasksUseCase;
import io.sorarelay.application.port.in.Outcome;
import io.sorarelay.application.port.in.Problem;
import io.sorarelay.application.port.in.ReadAuditLogUseCase;
import io.sorarelay.application.port.in.UsageReportUseCase;
import io.sorarelay.application.port.out.AdminTasksPort;
import io.sorarelay.application.port.out.AuditLogPort;
import io.sorarelay.application.port.out.LoadVideoTaskPort;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.domain.TaskError;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.UserId;
import io.sorarelay.domain.VideoId;
import io.sorarelay.domain.VideoTask;
import io.sorarelay.domain.admin.AuditEntry;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Every user's tasks, usage totals, force-failing a stuck task and reading the audit log. */
public final class AdminTasksService implements AdminTasksUseCase, UsageReportUseCase, ReadAuditLogUseCase {
    /** The error code of a task an admin failed: the owner sees it, and knows it was not the upstream. */
    public static final String FAILED_BY_ADMIN = "failed_by_admin";

    private final AdminTasksPort tasks;
    private final LoadVideoTaskPort load;
    private final TaskWriter writer;
    private final AuditLogPort audit;
    private final InstantSource clock;

    AdminTasksService(AdminTasksPort tasks, LoadVideoTaskPort load, TaskWriter writer, AuditLogPort audit, InstantSource clock) {
        this.tasks = tasks;
        this.load = load;
        this.writer = writer;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public List<VideoTask> list(AdminTasksUseCase.Filter f) {
        return tasks.listAll(new AdminTasksPort.Query(f.status(), f.owner(), f.model(), f.channel(), f.createdBefore(), f.offset(), f.limit()));
    }

    @Override
    public Outcome<VideoTask> forceFail(UserId actor, VideoId id, String reason) {
        if (reason == null || reason.isBlank()) return Outcome.err(new Problem.Invalid("reason", "reason is required"));
        Optional<VideoTask> before = load.findById(id);
        if (before.isEmpty()) return Outcome.err(Problem.NotFound.task());
        TaskError error = new TaskError(FAILED_BY_ADMIN, reason.strip());
        // Nothing is left for the engine to do: the task is final, and its upstream job (if any) is abandoned.
        Optional<Transition> result = writer.apply(before.get(), t -> t.fail(error, clock.instant()), ch -> NextWork.none());
        if (result.isEmpty()) return Outcome.err(Problem.NotFound.task());
        return switch (result.get()) {
            case Transition.Changed ch -> {
                audit.append(new AuditEntry.Draft(clock.instant(), actor, "task.fail", id.value(), ch.previous().status().name(),
                        ch.next().status().name(), reason.strip()));
                yield Outcome.ok(ch.next());
            }
            case Transition.Unchanged u -> terminal(u.task());
            case Transition.Rejected r -> terminal(r.task());
        };
    }

    private static Outcome<VideoTask> terminal(VideoTask t) {
        return Outcome.err(new Problem.Conflict("task_already_terminal", "the task is already " + t.status() + " and cannot be failed"));
    }

    @Override
    public Outcome<List<UsageRow>> usage(Instant from, Instant to, GroupBy groupBy) {
        if (!to.isAfter(from)) return Outcome.err(new Problem.Invalid("to", "to must be after from"));
        return Outcome.ok(tasks.usage(from, to, AdminTasksPort.GroupBy.valueOf(groupBy.name())).stream()
                .map(r -> new UsageRow(r.key(), r.tasks(), r.completed(), r.failed(), r.seconds(), r.charged(), r.held(), r.released()))
                .toList());
    }

    @Override
    public List<AuditEntry> list(ReadAuditLogUseCase.Filter f) {
        return audit.list(new AuditLogPort.Query(f.actor(), f.target(), f.offset(), f.limit()));
    }
}
