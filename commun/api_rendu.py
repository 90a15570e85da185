"""How the API answers a browser (kept apart from commun.api: DRF reads its renderer setting while
it defines APIView, so this module must not import rest_framework.views)."""

from rest_framework.renderers import BrowsableAPIRenderer


class PageApi(BrowsableAPIRenderer):
    """The API as a page, for a person who opens an API link in a browser (``Accept: text/html``,
    ``?format=api``): the answer, its links and the filter form of the lists — never a 500.

    No generated write forms: the portal reads its writes with the pages' Django forms, not with the
    serializers, so a form built from the response serializer would show the wrong fields (and many
    views declare no queryset or serializer for DRF to build one from). Writes go through JSON.
    """

    def get_rendered_html_form(self, data, view, method, request):
        return None

    def get_raw_data_form(self, data, view, method, request):
        return None

    def get_filter_form(self, data, view, request):
        # Only a view that filters through its backends has a filter form; the others (filters
        # applied in the view, with the user) have no queryset for DRF to ask.
        if not getattr(view, "filter_backends", None) or not (
            getattr(view, "filterset_class", None) or getattr(view, "filterset_fields", None)
        ):
            return None
        return super().get_filter_form(data, view, request)
