package dev.aviary.operator;

import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;

/**
 * The java-operator-sdk entry point: reconciles on every change of a ModelDeployment or of one of
 * its revision Deployments (readiness), and again when the engine asks to be called back.
 */
@ControllerConfiguration(name = "modeldeployment")
public final class ModelDeploymentReconciler implements Reconciler<ModelDeploymentResource> {
  private final ModelDeploymentController controller;

  public ModelDeploymentReconciler(ModelDeploymentController controller) {
    this.controller = controller;
  }

  @Override
  public UpdateControl<ModelDeploymentResource> reconcile(
      ModelDeploymentResource resource, Context<ModelDeploymentResource> context) {
    UpdateControl<ModelDeploymentResource> control = UpdateControl.noUpdate();
    controller.reconcile(resource).ifPresent(control::rescheduleAfter);
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
