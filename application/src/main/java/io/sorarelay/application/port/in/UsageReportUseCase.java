package io.sorarelay.application.port.in;

import io.sorarelay.application.port.out.AdminTasksPort.GroupBy;
import io.sorarelay.application.port.out.AdminTasksPort.UsageRow;

import java.time.Instant;
import java.util.List;

/** Task counts and seconds of video over a window, grouped by user, model, channel or day. */
public interface UsageReportUseCase {
    /** {@link Problem.Invalid} on {@code to} when the window is empty or reversed. */
    Outcome<List<UsageRow>> usage(Instant from, Instant to, GroupBy groupBy);
}
