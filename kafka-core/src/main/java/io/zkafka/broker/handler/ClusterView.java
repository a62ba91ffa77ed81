package io.zkafka.broker.handler;

import io.zkafka.common.message.BrokerNode;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

/** What metadata and describe-cluster answers share: the cluster id, the controller, the live brokers. */
public final class ClusterView {
    private final String clusterId;
    private final MetadataCache metadata;
    private final Supplier<OptionalInt> controllerId;

    public ClusterView(String clusterId, MetadataCache metadata, Supplier<OptionalInt> controllerId) {
        this.clusterId = clusterId;
        this.metadata = metadata;
        this.controllerId = controllerId;
    }

    public String clusterId() {
        return clusterId;
    }

    public int controllerId() {
        return controllerId.get().orElse(-1);
    }

    public List<BrokerNode> brokers(MetadataCache.Image image) {
        List<BrokerNode> nodes = new ArrayList<>();
        for (BrokerInfo broker : image.brokers().values()) {
            nodes.add(new BrokerNode(broker.id(), broker.host(), broker.port(), broker.rack()));
        }
        nodes.sort(Comparator.comparingInt(BrokerNode::id));
        return nodes;
    }

    public MetadataCache metadata() {
        return metadata;
    }
}
