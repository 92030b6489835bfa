package org.d2aflow.referral.application;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;

import org.d2aflow.contracts.reference.DelayReasonCodeList;
import org.d2aflow.contracts.reference.DelayReasonCodeLists;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.referral.config.ReferralConfig;

/**
 * The code lists of reasons for delay this service accepts: the default list and those of
 * {@code d2a.referral.delay-reason-lists-directory}, read and checked at start-up (a bad file stops the service).
 */
@Startup
@ApplicationScoped
public class DelayReasonLists {

    @Inject
    ReferralConfig config;

    private DelayReasonCodeLists lists;

    @PostConstruct
    void load() {
        lists = DelayReasonCodeLists.withDirectory(config.delayReasonListsDirectory().map(Path::of).orElse(null));
    }

    public List<DelayReasonCodeList> all() {
        return lists.all();
    }

    /**
     * The list a reason is recorded under: {@code listId} (default: the 2023 acute list) at {@code version} (default:
     * its latest), which must hold {@code code} and be valid on {@code effectiveFrom}; otherwise a 422 naming the field.
     */
    public DelayReasonCodeList resolve(String listId, Integer version, String code, LocalDate effectiveFrom) {
        String id = listId == null ? DelayReasonCodeLists.DEFAULT_LIST_ID : listId;
        DelayReasonCodeList list = (version == null ? lists.latest(id) : lists.find(id, version)).orElseThrow(() -> {
            boolean knownId = lists.latest(id).isPresent();
            return new InvalidCommandException(knownId ? "listVersion" : "listId", knownId
                    ? "code list " + id + " has no version " + version + " (see GET /delay-reason-lists)"
                    : "no code list '" + id + "' (see GET /delay-reason-lists)");
        });
        if (list.code(code).isEmpty()) {
            throw new InvalidCommandException("code", "'" + code + "' is not a code of " + list.listId() + " version " + list.version());
        }
        if (!list.validOn(effectiveFrom)) {
            throw new InvalidCommandException(List.of(new FieldError("effectiveFrom", list.listId() + " version " + list.version()
                    + " applies from " + list.validFrom() + (list.validTo() == null ? "" : " to " + list.validTo()) + ", not on " + effectiveFrom)));
        }
        return list;
    }
}
