package io.switchboard.workload;

/** Who asks: their operator id, and whether they may see and edit everyone's work (managers and admins). */
public record Actor(String operatorId, boolean manager) {

    boolean mayActFor(String operatorId) {
        return manager || this.operatorId.equals(operatorId);
    }
}
