package io.sorarelay.application.contract;

import io.sorarelay.application.port.out.SaveVideoTaskPort;
import io.sorarelay.application.port.out.SaveVideoTaskPort.CreateResult;
import io.sorarelay.application.port.out.SaveVideoTaskPort.TaskUpdate;
import io.sorarelay.application.port.out.SaveVideoTaskPort.UpdateResult;
import io.sorarelay.application.port.out.NextWork;
import io.sorarelay.domain.Transition;
import io.sorarelay.domain.VideoTask;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps the store contracts take to set a task up, each checked as it goes: a setup that silently failed proves nothing. */
final class StoredTasks {
    private StoredTasks() {}

    /** Stores a new task whose first work is due at {@code firstWork}. */
    static VideoTask created(SaveVideoTaskPort save, VideoTask task, NextWork firstWork) {
        assertThat(save.createOrGet(task, firstWork)).isInstanceOf(CreateResult.Inserted.class);
        return task;
    }

    /** Stores a transition the domain decided; answers the task as stored. */
    static VideoTask applied(SaveVideoTaskPort save, Transition t, NextWork next) {
        assertThat(t).isInstanceOf(Transition.Changed.class);
        UpdateResult r = save.update(TaskUpdate.of((Transition.Changed) t, next));
        assertThat(r).isInstanceOf(UpdateResult.Updated.class);
        return ((UpdateResult.Updated) r).task();
    }
}
