package dev.aviary.operator;

import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The java-operator-sdk entry point: reconciles on a new spec or command of a ModelDeployment (see
 * {@link SpecOrCommandChanged}: generation-aware filtering alone would drop commands, which are
 * annotations), on every change of one of its revision Deployments (readiness), and again when the
 * engine asks to be called back.
 */
@ControllerConfiguration(
    name = "modeldeployment",
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrCommandChanged.class))
public final class ModelDeploymentReconciler implements Reconciler<ModelDeploymentResource> {
  private static final Logger LOG = LoggerFactory.getLogger(ModelDeploymentReconciler.class);

  /** Soon enough for the informer to have delivered the write that made this one stale. */
  static final Duration AFTER_CONFLICT = Duration.ofMillis(200);

  private final ModelDeploymentController controller;

  public ModelDeploymentReconciler(ModelDeploymentController controller) {
    this.controller = controller;
  }

  @Override
  public UpdateControl<ModelDeploymentResource> reconcile(
      ModelDeploymentResource resource, Context<ModelDeploymentResource> context) {
    UpdateControl<ModelDeploymentResource> control = UpdateControl.noUpdate();
    try {
      controller
          .reconcile(
              resource,
              written ->
                  // The next reconciliation must read this status even before the watch
                  // delivers it, or it would run the same transition again.
                  context
                      .eventSourceRetriever()
                      .getControllerEventSource()
                      .handleRecentResourceUpdate(
                          ResourceID.fromResource(resource), written, resource))
          .ifPresent(control::rescheduleAfter);
    } catch (ModelDeploymentController.StaleResourceException e) {
      LOG.debug("{}; reconciling again", e.getMessage());
      control.rescheduleAfter(AFTER_CONFLICT);
    }
    return control;
  }

  @Override
  public List<EventSource<?, ModelDeploymentResource>> prepareEventSources(
      EventSourceContext<ModelDeploymentResource> context) {
    InformerEventSource<Deployment, ModelDeploymentResource> deployments =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Deployment.class, ModelDeploymentResource.class)
                .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR)
                .build(),
            context);
    return List.of(deployments);
  }
}
