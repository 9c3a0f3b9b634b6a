package dev.aviary.operator;

import dev.aviary.engine.Event;
import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records the engine's events as Kubernetes Events on the ModelDeployment. */
final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String FIELD_MANAGER = ModelDeploymentController.FIELD_MANAGER;
  private final KubernetesClient client;

  EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  void record(ModelDeploymentResource md, List<Event> events) {
    for (Event e : events) {
      String ts = e.at().toString();
      try {
        client
            .v1()
            .events()
            .inNamespace(md.getMetadata().getNamespace())
            .resource(
                new io.fabric8.kubernetes.api.model.EventBuilder()
                    .withNewMetadata()
                    .withName(
                        md.getMetadata().getName()
                            + "."
                            + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
                    .withNamespace(md.getMetadata().getNamespace())
                    .endMetadata()
                    .withInvolvedObject(
                        new ObjectReferenceBuilder()
                            .withApiVersion(md.getApiVersion())
                            .withKind(md.getKind())
                            .withName(md.getMetadata().getName())
                            .withNamespace(md.getMetadata().getNamespace())
                            .withUid(md.getMetadata().getUid())
                            .build())
                    .withType(e.type().name())
                    .withReason(e.reason())
                    .withMessage(e.message())
                    .withFirstTimestamp(ts)
                    .withLastTimestamp(ts)
                    .withCount(1)
                    .withNewSource()
                    .withComponent(FIELD_MANAGER)
                    .endSource()
                    .build())
            .create();
      } catch (RuntimeException ex) {
        LOG.warn(
            "could not record event {} for {}: {}",
            e.reason(),
            md.getMetadata().getName(),
            ex.getMessage());
      }
    }
  }
}
