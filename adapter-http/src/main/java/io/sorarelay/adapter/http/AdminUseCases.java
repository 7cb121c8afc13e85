package io.sorarelay.adapter.http;

import io.sorarelay.application.port.in.AdminTasksUseCase;
import io.sorarelay.application.port.in.CheckAdminUseCase;
import io.sorarelay.application.port.in.ManageChannelsUseCase;
import io.sorarelay.application.port.in.ManageUsersUseCase;
import io.sorarelay.application.port.in.ReadAuditLogUseCase;
import io.sorarelay.application.port.in.UsageReportUseCase;

import java.util.Objects;
import java.util.Optional;

/** The admin API's use cases ({@code /api/admin}); {@code check} decides who may call it. */
public record AdminUseCases(CheckAdminUseCase check, ManageUsersUseCase users, AdminTasksUseCase tasks, UsageReportUseCase usage,
                            ReadAuditLogUseCase audit, Optional<ManageChannelsUseCase> channels) {
    public AdminUseCases {
        Objects.requireNonNull(check); Objects.requireNonNull(users); Objects.requireNonNull(tasks); Objects.requireNonNull(usage);
        Objects.requireNonNull(audit); Objects.requireNonNull(channels);
    }

    /** Without channels: the server has no {@code /api/admin/channels}. */
    public AdminUseCases(CheckAdminUseCase check, ManageUsersUseCase users, AdminTasksUseCase tasks, UsageReportUseCase usage,
                         ReadAuditLogUseCase audit) {
        this(check, users, tasks, usage, audit, Optional.empty());
    }

    /** These use cases with the admin API's channels. */
    public AdminUseCases withChannels(ManageChannelsUseCase manage) {
        return new AdminUseCases(check, users, tasks, usage, audit, Optional.of(manage));
    }
}
