package io.sorarelay.adapter.http;

import io.sorarelay.application.port.in.AdminTasksUseCase;
import io.sorarelay.application.port.in.CheckAdminUseCase;
import io.sorarelay.application.port.in.ManageUsersUseCase;
import io.sorarelay.application.port.in.ReadAuditLogUseCase;
import io.sorarelay.application.port.in.UsageReportUseCase;

import java.util.Objects;

/** The admin API's use cases ({@code /api/admin}); {@code check} decides who may call it. */
public record AdminUseCases(CheckAdminUseCase check, ManageUsersUseCase users, AdminTasksUseCase tasks, UsageReportUseCase usage,
                            ReadAuditLogUseCase audit) {
    public AdminUseCases {
        Objects.requireNonNull(check); Objects.requireNonNull(users); Objects.requireNonNull(tasks); Objects.requireNonNull(usage);
        Objects.requireNonNull(audit);
    }
}
