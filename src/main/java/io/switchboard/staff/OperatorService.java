package io.switchboard.staff;

import io.switchboard.common.api.Cursor;
import io.switchboard.common.api.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class OperatorService {

    public Page<OperatorView> list(String cursor, int limit) {
        String after = Cursor.decode(cursor);
        var query = after == null
                ? Operator.<Operator>find("order by id")
                : Operator.<Operator>find("id > ?1 order by id", after);
        return Cursor.page(query.range(0, limit).list(), limit, o -> o.id, OperatorView::of);
    }

    public Optional<OperatorView> find(String id) {
        return Operator.<Operator>findByIdOptional(id).map(OperatorView::of);
    }
}
