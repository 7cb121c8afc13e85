package io.sorarelay.adapter.postgres;

import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A row mapper that asks its delegate (JDBI's {@code ConstructorMapper}) to match a result set's columns once per
 * column layout, not once per statement. Matching reads the constructor's parameters and annotations by
 * reflection and compares every column name, which costs more than mapping the row of a one-row query; the
 * store runs a handful of statements, so a handful of layouts. The layout is the columns' labels and types, so
 * two statements share a specialized mapper only when it would have come out the same for both.
 */
final class LayoutCachedMapper<T> implements RowMapper<T> {
    /** Far above the store's statements; a bound against an unforeseen stream of layouts. */
    private static final int MAX_LAYOUTS = 256;

    private final RowMapper<T> delegate;
    private final ConcurrentHashMap<String, RowMapper<T>> byLayout = new ConcurrentHashMap<>();

    LayoutCachedMapper(RowMapper<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public T map(ResultSet rs, StatementContext ctx) throws SQLException {
        return specialize(rs, ctx).map(rs, ctx);
    }

    @Override
    public RowMapper<T> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
        String layout = layout(rs.getMetaData());
        RowMapper<T> cached = byLayout.get(layout);
        if (cached != null) return cached;
        RowMapper<T> specialized = delegate.specialize(rs, ctx);
        if (byLayout.size() < MAX_LAYOUTS) byLayout.putIfAbsent(layout, specialized);
        return specialized;
    }

    private static String layout(ResultSetMetaData md) throws SQLException {
        StringBuilder b = new StringBuilder(512);
        for (int i = 1, n = md.getColumnCount(); i <= n; i++) b.append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i)).append(',');
        return b.toString();
    }
}
