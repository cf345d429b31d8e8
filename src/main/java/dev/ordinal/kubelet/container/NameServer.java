package dev.ordinal.kubelet.container;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The DNS server a container's resolver asks: the cluster DNS its {@code /etc/resolv.conf}
 * names, reached without a network, one query message for one response message.
 */
@FunctionalInterface
public interface NameServer {

    /** Knows no names: every query is refused, as by a server outside the cluster that is not reached. */
    NameServer NONE = query -> {
        Message refused = new Message(query.getHeader().getID());
        refused.getHeader().setRcode(Rcode.REFUSED);
        return refused;
    };

    Message query(Message query);
}
