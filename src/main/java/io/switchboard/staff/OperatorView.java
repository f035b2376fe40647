package io.switchboard.staff;

import java.util.List;

public record OperatorView(String id, String username, String name, String email, List<String> roles) {

    static OperatorView of(Operator operator) {
        return new OperatorView(operator.id, operator.username, operator.name, operator.email, operator.roleList());
    }
}
